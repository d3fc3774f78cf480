/// Keras' LSTM layer: `z = x·W + h₋₁·U + b`, gates i, f, c, o, zero initial state.
///
/// Buffers are time-major `[T, B, ...]` so that one step's rows are contiguous and
/// the weight gradients over all steps are single matrix products with K = T·B.
final class LSTMLayer: RecurrentLayer {
    let config: LSTMLayerConfig
    let inputSize: Int
    let units: Int
    let timesteps: Int
    /// W `[in, 4H]`, glorot_uniform.
    let kernel: Parameter
    /// U `[H, 4H]`, orthogonal (rows orthonormal).
    let recurrentKernel: Parameter
    /// b `[4H]`, the bias initializer with the forget slice at 1.0 (unit_forget_bias).
    let bias: Parameter
    /// Which compilation of the C gate kernels the default activations run (tests
    /// force the baseline one; see `GatePass`).
    var gateKernelVariant = GateKernelVariant.best
    /// How the steps multiply by U (tests force BLAS to compare; see `RecurrentProduct`).
    var recurrentProduct = RecurrentProduct.best

    init(name: String, config: LSTMLayerConfig, inputSize: Int, timesteps: Int, random: inout InitializerRandom,
         shouldStop: (() -> Bool)? = nil) throws {
        self.config = config
        self.inputSize = inputSize
        self.units = config.units
        self.timesteps = timesteps
        // Kernel and recurrent kernel drawn as for every recurrent layer, then the bias.
        (kernel, recurrentKernel, bias) = try makeRecurrentWeights(name: name, inputSize: inputSize, units: config.units,
                                                               gates: 4, biasShape: [4 * config.units], random: &random, shouldStop: shouldStop)
        bias.value = try Initializers.lstmBias(config.biasInitializer, units: config.units,
                                           unitForgetBias: config.unitForgetBias, random: &random)
    }

    var parameters: [Parameter] { [kernel, recurrentKernel, bias] }
    var returnSequences: Bool { config.returnSequences }

    func makeWorkspace(capacity: Int) -> any RecurrentWorkspace { LSTMWorkspace(layer: self, capacity: capacity) }
    func makeForecastState(rows: Int) -> any RecurrentForecastState { LSTMForecastState(layer: self, rows: rows) }

    /// Forward over all T steps for `batch` rows (≤ the workspace's capacity).
    /// `input` is `[T, B, in]`; afterwards the workspace holds everything backward
    /// needs: activated gates per step, c per step (with c₋₁ = 0 in slot 0), act(c)
    /// per step and h per step (with h₋₁ = 0 in slot 0). The layer's output is
    /// `sequenceOutput` (`[T, B, H]`, all steps) or `lastHidden` (`[B, H]`).
    ///
    /// Rows are independent, so each of the workspace's threads runs the whole time
    /// loop for its slice of rows: per step one product `h₋₁·U` for all four gates
    /// (plus `x·W` for a wide input; a narrow one is folded into the gate pass), then
    /// the fused gate pass. U is packed once here for all T products when the batch
    /// is large enough (`RecurrentProduct`).
    ///
    /// With `training: false` (validation, predict) nothing is kept for backward: every
    /// step reuses the first slot of the gate block and of act(c), c and (unless
    /// return_sequences) h are updated in place in slot 1. The working set then stays in
    /// cache instead of streaming `[T, B, 7H]` floats through memory.
    func forward(_ ws: LSTMWorkspace, input: UnsafePointer<Float>, batch: Int, training: Bool) {
        let pass = GatePass(config, variant: gateKernelVariant)
        let T = timesteps, B = batch, H = units, G = 4 * units, F = inputSize
        ws.input = training ? input : nil
        ws.batch = B
        // Where step t's h goes: its own slot, or slot 1 again when only the last h is wanted.
        let keepsAllHidden = training || config.returnSequences
        ws.lastHiddenSlot = keepsAllHidden ? T : 1
        let gates = ws.gates.pointer, cells = ws.cells.pointer, hidden = ws.hidden.pointer
        let cellActivation = ws.cellActivation.pointer
        let W = kernel.pointer, U = recurrentKernel.pointer, b = bias.pointer
        let fused = F <= FusedInput.maximumSize
        let packed = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        if packed != nil { ws.recurrentPanels.pack(U, ldb: G, transposed: false) }
        // Initial state: slot 0 of c and h is zero (a smaller batch before may have written there).
        cells.update(repeating: 0, count: B * H)
        hidden.update(repeating: 0, count: B * H)
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            let first = rows.lowerBound, m = rows.count
            for t in 0..<T {
                let z = training ? gates + t * B * G : gates
                let hiddenIn = keepsAllHidden ? t : min(t, 1), hiddenOut = keepsAllHidden ? t + 1 : 1
                var hasProducts = false
                if !fused {
                    BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: G, k: F,
                               alpha: 1, a: input + (t * B + first) * F, lda: F, b: W, ldb: G,
                               beta: 0, c: z + first * G, ldc: G)
                    hasProducts = true
                }
                // h₋₁ = 0 at t = 0, so the recurrent product vanishes there.
                if t > 0 {
                    let h = hidden + (hiddenIn * B + first) * H
                    if let packed {
                        ws.recurrentPanels.multiply(packed, rows: m, a: h, lda: H, c: z + first * G, ldc: G,
                                                    accumulate: hasProducts, work: ws.rowWork[chunk])
                    } else {
                        BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: G, k: H,
                                   alpha: 1, a: h, lda: H, b: U, ldb: G,
                                   beta: hasProducts ? 1 : 0, c: z + first * G, ldc: G)
                    }
                    hasProducts = true
                }
                pass.forward(
                    gates: z, hasProducts: hasProducts, bias: b,
                    input: fused ? FusedInput(x: input + t * B * F, kernel: W, size: F) : nil,
                    previousCell: cells + (training ? t : min(t, 1)) * B * H,
                    cell: cells + (training ? t + 1 : 1) * B * H,
                    cellActivation: cellActivation + (training ? t : 0) * B * H,
                    hidden: hidden + hiddenOut * B * H,
                    rows: rows, units: H)
            }
        }
    }

    /// Backward through time after `forward` on the same workspace. `dOutput` is
    /// `[T, B, H]` with return_sequences, else `[B, H]` for the last step. Accumulates
    /// (`+=`) into the parameters' gradients; writes `dInput [T, B, in]` when given
    /// (a first layer needs no input gradient).
    ///
    /// Per step only `dh₋₁ = dz·Uᵀ` is a product (each thread for its rows, Uᵀ packed
    /// once when the batch is large enough); dz of
    /// every step is kept (over the gates, which are dead by then), so afterwards
    /// `dU = Σ_t h_{t-1}ᵀ·dz_t` and `dW = Σ_t x_tᵀ·dz_t` are each one product with
    /// K = T·B (threads split K), and `db` is summed inside the gate pass.
    func backward(_ ws: LSTMWorkspace, dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        guard let input = ws.input else { return }
        let pass = GatePass(config, variant: gateKernelVariant)
        let T = timesteps, B = ws.batch, H = units, G = 4 * units, F = inputSize
        let gates = ws.gates.pointer, cells = ws.cells.pointer, cellActivation = ws.cellActivation.pointer
        let dHidden = ws.dHidden.pointer, dCell = ws.dCell.pointer
        let U = recurrentKernel.pointer
        let fused = F <= FusedInput.maximumSize
        let returnSequences = config.returnSequences
        let packed = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        if packed != nil { ws.transposedRecurrentPanels.pack(U, ldb: G, transposed: true) }
        // Per-thread partial sums of db and (narrow input) dW, added up after the loop.
        ws.biasGradientPartials.zero()
        ws.kernelGradientPartials.zero()
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            let first = rows.lowerBound, m = rows.count
            let dBias = ws.biasGradientPartials.pointer + chunk * G
            let dKernel = ws.kernelGradientPartials.pointer + chunk * FusedInput.maximumSize * G
            (dCell + first * H).update(repeating: 0, count: m * H)
            let lastOutput = returnSequences ? dOutput + (T - 1) * B * H : dOutput
            (dHidden + first * H).update(from: lastOutput + first * H, count: m * H)
            for t in stride(from: T - 1, through: 0, by: -1) {
                let z = gates + t * B * G
                pass.backward(
                    gates: z, previousCell: cells + t * B * H,
                    cellActivation: cellActivation + t * B * H, dHidden: dHidden, dCell: dCell,
                    dBias: dBias, input: fused ? FusedInput(x: input + t * B * F, kernel: kernel.pointer, size: F) : nil,
                    dKernel: dKernel, rows: rows, units: H)
                guard t > 0 else { break }
                // dh₋₁ = dz·Uᵀ (+ the layer above's gradient for step t-1 with return_sequences).
                var beta: Float = 0
                if returnSequences {
                    (dHidden + first * H).update(from: dOutput + ((t - 1) * B + first) * H, count: m * H)
                    beta = 1
                }
                if let packed {
                    ws.transposedRecurrentPanels.multiply(packed, rows: m, a: z + first * G, lda: G,
                                                          c: dHidden + first * H, ldc: H,
                                                          accumulate: returnSequences, work: ws.rowWork[chunk])
                } else {
                    BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: H, k: G,
                               alpha: 1, a: z + first * G, lda: G, b: U, ldb: G,
                               beta: beta, c: dHidden + first * H, ldc: H)
                }
            }
        }
        addPartials(ws.biasGradientPartials, threads: ws.threads, stride: G, count: G, into: bias.gradientPointer)
        if fused {
            addPartials(ws.kernelGradientPartials, threads: ws.threads, stride: FusedInput.maximumSize * G, count: F * G,
                        into: kernel.gradientPointer)
        }
        // dU += [h₀ … h_{T-2}]ᵀ · [dz₁ … dz_{T-1}] over K = (T-1)·B rows: step 0 adds nothing
        // (h₋₁ = 0, slot 0 of hidden), so its B rows are left out.
        let dz = UnsafePointer(gates)
        addTransposedProduct(m: H, n: G, k: (T - 1) * B, a: ws.hidden.pointer + B * H, lda: H, b: dz + B * G, ldb: G,
                             c: recurrentKernel.gradientPointer, ldc: G, partials: ws.recurrentGradientPartials,
                             threads: ws.threads)
        // dW += xᵀ·dz for a wide input, and dx = dz·Wᵀ, each over all T·B rows at once.
        inputGradients(input: input, dz: dz, rows: T * B, features: F, gates: G, kernel: kernel, fused: fused,
                       dInput: dInput, threads: ws.threads)
    }
}
