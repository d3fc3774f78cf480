import LSTMKernels

/// Keras 3's GRU layer (formulas in `GRUGates`), zero initial state, gates z, r, h in
/// the columns of W `[in, 3H]`, U `[H, 3H]` and the bias.
///
/// Buffers are time-major `[T, B, ...]` as in `LSTMLayer`: each thread runs the whole
/// time loop for its slice of the batch rows, per step the recurrent products on U
/// packed once a batch (`RecurrentOperand`) and the fused element-wise passes; after the
/// backward loop the weight gradients are single products over all steps. With
/// reset_after one product `h₋₁·U` serves all three gates, forward, and one
/// `dz·Uᵀ` backward; with the reset before the product the candidate's product needs
/// r ⊙ h₋₁ first, so a step has two: `h₋₁·U_zr` and `(r ⊙ h₋₁)·U_h` (backward
/// `dĥ̃·U_hᵀ` and `(dz̃, dr̃)·U_zrᵀ`).
final class GRULayer: RecurrentLayer {
    let config: GRULayerConfig
    let inputSize: Int
    let units: Int
    let timesteps: Int
    /// W `[in, 3H]`, glorot_uniform.
    let kernel: Parameter
    /// U `[H, 3H]`, orthogonal (rows orthonormal).
    let recurrentKernel: Parameter
    /// `[2, 3H]` (input bias, recurrent bias) with reset_after, else `[3H]`; zeros.
    let bias: Parameter
    var recurrentProduct = RecurrentProduct.best
    /// Which compilation of the C passes Keras' default GRU runs (sigmoid, tanh,
    /// reset_after; tests force the baseline one). Other settings run the Swift passes.
    var gateKernelVariant = GateKernelVariant.best

    init(name: String, config: GRULayerConfig, inputSize: Int, timesteps: Int, random: inout InitializerRandom,
         shouldStop: (() -> Bool)? = nil) throws {
        self.config = config
        self.inputSize = inputSize
        units = config.units
        self.timesteps = timesteps
        (kernel, recurrentKernel, bias) = try makeRecurrentWeights(name: name, inputSize: inputSize, units: config.units,
                                                               gates: 3, biasShape: config.biasShape, random: &random, shouldStop: shouldStop)
    }

    var parameters: [Parameter] { [kernel, recurrentKernel, bias] }
    var returnSequences: Bool { config.returnSequences }

    func makeWorkspace(capacity: Int) -> any RecurrentWorkspace { GRUWorkspace(layer: self, capacity: capacity) }
    func makeForecastState(rows: Int) -> any RecurrentForecastState { GRUForecastState(layer: self, rows: rows) }

    /// Whether Keras' default pair runs (sigmoid gates, tanh candidate): the passes are
    /// then specialised to it.
    var hasDefaultActivations: Bool { config.activation == .tanh && config.recurrentActivation == .sigmoid }

    /// The C passes' variant when they apply (the default pair with reset_after), else nil.
    var compiledPasses: GateKernelVariant? { config.resetAfter && hasDefaultActivations ? gateKernelVariant : nil }

    /// The forward products' operands: all of U (reset_after), else `U_zr` (columns
    /// 0..<2H) and `U_h` (columns 2H..<3H); packed into `panels` when given.
    func forwardOperands(panels: (PackedPanels, PackedPanels?)?, kernel packedKernel: lstm_packed_kernel?)
        -> (gates: RecurrentOperand, candidate: RecurrentOperand?) {
        let H = units, G = 3 * units, U = UnsafePointer(recurrentKernel.pointer)
        let gateColumns = config.resetAfter ? G : 2 * H
        let gates = RecurrentOperand(U, ldb: G, transposed: false, depth: H, columns: gateColumns,
                                     panels: panels?.0, kernel: packedKernel)
        guard !config.resetAfter else { return (gates, nil) }
        let candidate = RecurrentOperand(U + 2 * H, ldb: G, transposed: false, depth: H, columns: H,
                                         panels: panels?.1, kernel: packedKernel)
        return (gates, candidate)
    }

    /// One forward step for `rows` (pointers at row 0): x·W for a wide input, the
    /// recurrent products (skipped at t = 0, where h₋₁ = 0), the passes.
    @inline(__always)
    func forwardStep<A: GateActivations>(
        _ f: A, _ s: GRUGates.Step, x: UnsafePointer<Float>, rows: Range<Int>, hasHistory: Bool,
        operands: (gates: RecurrentOperand, candidate: RecurrentOperand?), work: FloatBuffer
    ) {
        let H = units, G = 3 * units, F = inputSize
        let first = rows.lowerBound, m = rows.count
        let fused = s.input != nil
        if !fused {
            BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: G, k: F,
                       alpha: 1, a: x + first * F, lda: F, b: kernel.pointer, ldb: G,
                       beta: 0, c: s.gates + first * G, ldc: G)
        }
        let h = s.previousHidden + first * H
        if config.resetAfter {
            if hasHistory {
                operands.gates.multiply(rows: m, a: h, lda: H, c: s.recurrent + first * G, ldc: G,
                                        accumulate: false, work: work)
            }
            if let variant = compiledPasses {
                GRUGates.forwardResetAfter(variant, s, hasInputProducts: !fused, hasRecurrentProducts: hasHistory,
                                           bias: bias.pointer, rows: rows, units: H)
            } else {
                GRUGates.forwardResetAfter(f, s, hasInputProducts: !fused, hasRecurrentProducts: hasHistory,
                                           bias: bias.pointer, rows: rows, units: H)
            }
        } else {
            if hasHistory {
                operands.gates.multiply(rows: m, a: h, lda: H, c: s.gates + first * G, ldc: G,
                                        accumulate: !fused, work: work)
            }
            GRUGates.forwardGates(f, s, hasInputProducts: !fused, hasGateProducts: !fused || hasHistory,
                                  bias: bias.pointer, rows: rows, units: H)
            if hasHistory, let candidate = operands.candidate {
                candidate.multiply(rows: m, a: s.recurrent + first * H, lda: H, c: s.gates + first * G + 2 * H, ldc: G,
                                   accumulate: true, work: work)
            }
            GRUGates.forwardCandidate(f, s, rows: rows, units: H)
        }
    }

    /// Forward over all T steps (see `RecurrentWorkspace.forward`). A training forward
    /// keeps every step's gates, recurrent block and h; an inference forward reuses the
    /// first slot of the blocks and (unless return_sequences) two slots of h.
    func forward(_ ws: GRUWorkspace, input: UnsafePointer<Float>, batch: Int, training: Bool) {
        if hasDefaultActivations {
            forwardLoop(SigmoidTanhGates(), ws, input: input, batch: batch, training: training)
        } else {
            forwardLoop(ConfiguredGates(recurrentActivation: config.recurrentActivation, activation: config.activation),
                        ws, input: input, batch: batch, training: training)
        }
    }

    private func forwardLoop<A: GateActivations>(_ f: A, _ ws: GRUWorkspace, input: UnsafePointer<Float>, batch: Int,
                                                 training: Bool) {
        let T = timesteps, B = batch, H = units, G = 3 * units, F = inputSize
        let R = ws.recurrentWidth
        ws.input = training ? input : nil
        ws.batch = B
        let keepsAllHidden = training || config.returnSequences
        ws.lastHiddenSlot = keepsAllHidden ? T : 1
        let fused = F <= FusedInput.maximumSize
        let packedKernel = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        let operands = forwardOperands(panels: (ws.forwardPanels, ws.candidatePanels), kernel: packedKernel)
        let gates = ws.gates.pointer, recurrent = ws.recurrent.pointer, hidden = ws.hidden.pointer
        // Initial state: slot 0 of h is zero (a smaller batch before may have written there).
        hidden.update(repeating: 0, count: B * H)
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            for t in 0..<T {
                let slot = training ? t : 0
                let hiddenIn = keepsAllHidden ? t : min(t, 1), hiddenOut = keepsAllHidden ? t + 1 : 1
                let step = GRUGates.Step(
                    gates: gates + slot * B * G, recurrent: recurrent + slot * B * R,
                    previousHidden: hidden + hiddenIn * B * H, hidden: hidden + hiddenOut * B * H,
                    input: fused ? FusedInput(x: input + t * B * F, kernel: kernel.pointer, size: F) : nil)
                forwardStep(f, step, x: input + t * B * F, rows: rows, hasHistory: t > 0, operands: operands,
                            work: ws.rowWork[chunk])
            }
        }
    }

    /// Backward through time after a training `forward` (see `RecurrentWorkspace.backward`).
    func backward(_ ws: GRUWorkspace, dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        if hasDefaultActivations {
            backwardLoop(SigmoidTanhGates(), ws, dOutput: dOutput, dInput: dInput)
        } else {
            backwardLoop(ConfiguredGates(recurrentActivation: config.recurrentActivation, activation: config.activation),
                         ws, dOutput: dOutput, dInput: dInput)
        }
    }

    private func backwardLoop<A: GateActivations>(_ f: A, _ ws: GRUWorkspace, dOutput: UnsafePointer<Float>,
                                                  dInput: UnsafeMutablePointer<Float>?) {
        guard let input = ws.input else { return }
        let T = timesteps, B = ws.batch, H = units, G = 3 * units, F = inputSize
        let R = ws.recurrentWidth, biasCount = bias.count
        let gates = ws.gates.pointer, recurrent = ws.recurrent.pointer, hidden = ws.hidden.pointer
        let dHidden = ws.dHidden.pointer, dResetHidden = ws.dResetHidden.pointer
        let U = UnsafePointer(recurrentKernel.pointer)
        let fused = F <= FusedInput.maximumSize
        let returnSequences = config.returnSequences, resetAfter = config.resetAfter
        let packedKernel = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        let compiled = compiledPasses
        // dh₋₁ gets dz·Uᵀ over the gate columns (all three with reset_after, z and r
        // otherwise); without reset_after d(r ⊙ h₋₁) = dĥ̃·U_hᵀ comes first.
        let gateOperand = RecurrentOperand(U, ldb: G, transposed: true, depth: resetAfter ? G : 2 * H, columns: H,
                                           panels: ws.backwardPanels, kernel: packedKernel)
        let candidateOperand = resetAfter ? nil
            : RecurrentOperand(U + 2 * H, ldb: G, transposed: true, depth: H, columns: H,
                               panels: ws.candidateBackwardPanels, kernel: packedKernel)
        ws.biasGradientPartials.zero()
        ws.kernelGradientPartials.zero()
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            let first = rows.lowerBound, m = rows.count
            let dBias = ws.biasGradientPartials.pointer + chunk * biasCount
            let dKernel = ws.kernelGradientPartials.pointer + chunk * FusedInput.maximumSize * G
            let work = ws.rowWork[chunk]
            let lastOutput = returnSequences ? dOutput + (T - 1) * B * H : dOutput
            (dHidden + first * H).update(from: lastOutput + first * H, count: m * H)
            for t in stride(from: T - 1, through: 0, by: -1) {
                let step = GRUGates.Step(
                    gates: gates + t * B * G, recurrent: recurrent + t * B * R,
                    previousHidden: hidden + t * B * H, hidden: hidden + (t + 1) * B * H,
                    input: fused ? FusedInput(x: input + t * B * F, kernel: kernel.pointer, size: F) : nil)
                if let compiled {
                    GRUGates.backwardResetAfter(compiled, step, dHidden: dHidden, dBias: dBias, dKernel: dKernel,
                                                rows: rows, units: H)
                } else if resetAfter {
                    GRUGates.backwardResetAfter(f, step, dHidden: dHidden, dBias: dBias, dKernel: dKernel, rows: rows, units: H)
                } else if let candidateOperand {
                    GRUGates.backwardCandidate(f, step, dHidden: dHidden, rows: rows, units: H)
                    candidateOperand.multiply(rows: m, a: step.gates + first * G + 2 * H, lda: G,
                                              c: dResetHidden + first * H, ldc: H, accumulate: false, work: work)
                    GRUGates.backwardReset(f, step, dResetHidden: dResetHidden, dHidden: dHidden, dBias: dBias,
                                           dKernel: dKernel, rows: rows, units: H)
                }
                guard t > 0 else { break }
                // dh₋₁ = dh ⊙ z (already there) + the layer above's gradient for step t-1 + dz·Uᵀ.
                if returnSequences {
                    addVector(dOutput + ((t - 1) * B + first) * H, into: dHidden + first * H, count: m * H)
                }
                let dz = resetAfter ? step.recurrent + first * G : step.gates + first * G
                gateOperand.multiply(rows: m, a: dz, lda: G, c: dHidden + first * H, ldc: H, accumulate: true, work: work)
            }
        }
        addPartials(ws.biasGradientPartials, threads: ws.threads, stride: biasCount, count: biasCount, into: bias.gradientPointer)
        if fused {
            addPartials(ws.kernelGradientPartials, threads: ws.threads, stride: FusedInput.maximumSize * G, count: F * G,
                        into: kernel.gradientPointer)
        }
        // dU over steps 1…T-1 (step 0 adds nothing: h₋₁ = 0, and so is r ⊙ h₋₁).
        let K = (T - 1) * B, dU = recurrentKernel.gradientPointer
        if resetAfter {
            addTransposedProduct(m: H, n: G, k: K, a: hidden + B * H, lda: H, b: recurrent + B * G, ldb: G,
                                 c: dU, ldc: G, partials: ws.recurrentGradientPartials, threads: ws.threads)
        } else {
            addTransposedProduct(m: H, n: 2 * H, k: K, a: hidden + B * H, lda: H, b: gates + B * G, ldb: G,
                                 c: dU, ldc: G, partials: ws.recurrentGradientPartials, threads: ws.threads)
            addTransposedProduct(m: H, n: H, k: K, a: recurrent + B * H, lda: H, b: gates + B * G + 2 * H, ldb: G,
                                 c: dU + 2 * H, ldc: G, partials: ws.recurrentGradientPartials, threads: ws.threads)
        }
        inputGradients(input: input, dz: gates, rows: T * B, features: F, gates: G, kernel: kernel, fused: fused,
                       dInput: dInput, threads: ws.threads)
    }
}

