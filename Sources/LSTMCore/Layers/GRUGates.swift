import LSTMKernels

/// The element-wise parts of a GRU step, fused into vectorised passes over one row's
/// gate block (gate order z, r, h, each a contiguous slice of H; G = 3H), forward and
/// backward, for any pair of activations: σ (recurrent_activation) for z and r, act
/// (activation) for the candidate ĥ. The matrix products live in `GRULayer`. Keras'
/// default (sigmoid, tanh, reset_after) runs the same formulas in C (`gru_kernels.h`;
/// the overloads taking a `GateKernelVariant` at the end).
///
/// Keras 3's step (its `GRUCell.call`, as of Keras 3.15.1):
///
///     x̂ = x·W + b_in                                (b_in: the bias, or its first row)
///     z = σ(x̂_z + [h₋₁·U + b_rec]_z)   r = σ(x̂_r + [h₋₁·U + b_rec]_r)
///     reset_after:   ĥ = act(x̂_h + r ⊙ (h₋₁·U_h + b_rec_h))
///     reset before:  ĥ = act(x̂_h + (r ⊙ h₋₁)·U_h)    (b_rec absent)
///     h = z ⊙ h₋₁ + (1 - z) ⊙ ĥ
enum GRUGates {
    /// One step's buffers for rows of a batch, each at row 0 (a pass offsets by row).
    struct Step {
        /// `[B, 3H]`: x·W on entry when `hasInputProducts`; the passes leave z, r, ĥ here
        /// (forward) or the input side's dz (backward).
        var gates: UnsafeMutablePointer<Float>
        /// reset_after: `[B, 3H]`, h₋₁·U on entry when `hasRecurrentProducts`, then
        /// `h₋₁·U_h + b_rec_h` in the h slice (backward needs it), and in backward the
        /// recurrent side's dz. Reset before: `[B, H]`, r ⊙ h₋₁.
        var recurrent: UnsafeMutablePointer<Float>
        /// `[B, H]` each; `hidden` may alias `previousHidden` (each element is read first).
        var previousHidden: UnsafePointer<Float>
        var hidden: UnsafeMutablePointer<Float>
        /// A narrow input folded into the pass (nil when x·W is in `gates`).
        var input: FusedInput?
    }

    // MARK: reset_after

    /// Forward with reset_after for `rows`; `bias` is `[2, 3H]` (b_in, then b_rec).
    @inline(__always)
    static func forwardResetAfter<A: GateActivations>(
        _ f: A, _ s: Step, hasInputProducts: Bool, hasRecurrentProducts: Bool, bias: UnsafePointer<Float>,
        rows: Range<Int>, units H: Int
    ) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, q = s.recurrent + row * G, state = row * H
            let x = s.input.map { $0.x + row * $0.size }
            forEachLaneChunk(H) { j, n in
                var (xz, xr, xh) = inputPart(s.input, x: x, gates: g, gateProducts: hasInputProducts,
                                             candidateProducts: hasInputProducts, bias: bias, j: j, n: n, units: H)
                var iz = loadVector(bias, G + j, count: n)
                var ir = loadVector(bias, G + H + j, count: n)
                var ih = loadVector(bias, G + 2 * H + j, count: n)
                if hasRecurrentProducts {
                    iz += loadVector(q, j, count: n)
                    ir += loadVector(q, H + j, count: n)
                    ih += loadVector(q, 2 * H + j, count: n)
                }
                xz += iz
                xr += ir
                let z = f.gate(xz)
                let r = f.gate(xr)
                let hh = f.cell(xh + r * ih)
                let hp = loadVector(s.previousHidden, state + j, count: n)
                storeVector(z, g, j, count: n)
                storeVector(r, g, H + j, count: n)
                storeVector(hh, g, 2 * H + j, count: n)
                storeVector(ih, q, 2 * H + j, count: n)
                storeVector(z * hp + (1 - z) * hh, s.hidden, state + j, count: n)
            }
        }
    }

    /// Backward with reset_after for `rows`. On entry `gates` holds z, r, ĥ, the h slice of
    /// `recurrent` holds `u = h₋₁·U_h + b_rec_h`, `dHidden` the whole gradient reaching h.
    ///
    ///     dz̃ = dh ⊙ (h₋₁ - ĥ) ⊙ σ'(z)     dĥ̃ = dh ⊙ (1 - z) ⊙ act'(ĥ)
    ///     dr̃ = dĥ̃ ⊙ u ⊙ σ'(r)             du = dĥ̃ ⊙ r
    ///
    /// On exit `gates` holds (dz̃, dr̃, dĥ̃), the input side's dz; `recurrent` (dz̃, dr̃, du),
    /// the recurrent side's; `dHidden` dh ⊙ z, the part of dh₋₁ that bypasses U.
    /// Accumulates `dBias [2, 3H]` and, for a narrow input, `dKernel [in, 3H] += xᵀ·dz`.
    @inline(__always)
    static func backwardResetAfter<A: GateActivations>(
        _ f: A, _ s: Step, dHidden: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        dKernel: UnsafeMutablePointer<Float>, rows: Range<Int>, units H: Int
    ) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, q = s.recurrent + row * G, state = row * H
            let x = s.input.map { $0.x + row * $0.size }
            forEachLaneChunk(H) { j, n in
                let z = loadVector(g, j, count: n)
                let r = loadVector(g, H + j, count: n)
                let hh = loadVector(g, 2 * H + j, count: n)
                let u = loadVector(q, 2 * H + j, count: n)
                let hp = loadVector(s.previousHidden, state + j, count: n)
                let dh = loadVector(dHidden, state + j, count: n)
                let dz = dh * (hp - hh) * f.gateDerivative(output: z)
                let dhh = dh * (1 - z) * f.cellDerivative(output: hh)
                let dr = dhh * u * f.gateDerivative(output: r)
                let du = dhh * r
                storeVector(dz, g, j, count: n)
                storeVector(dr, g, H + j, count: n)
                storeVector(dhh, g, 2 * H + j, count: n)
                storeVector(dz, q, j, count: n)
                storeVector(dr, q, H + j, count: n)
                storeVector(du, q, 2 * H + j, count: n)
                storeVector(dh * z, dHidden, state + j, count: n)
                accumulate(dBias, dz, dr, dhh, j: j, n: n, units: H)
                accumulate(dBias + G, dz, dr, du, j: j, n: n, units: H)
                accumulateKernel(dKernel, s.input, x: x, dz, dr, dhh, j: j, n: n, units: H)
            }
        }
    }

    // MARK: reset before the product (reset_after: false)

    /// First forward pass with the reset before the product: z and r (their products, if
    /// any, are in the gates' z and r slices: `hasGateProducts`), the input part of the
    /// candidate `x̂_h` (with x·W_h in the h slice when `hasInputProducts`), and r ⊙ h₋₁
    /// into `recurrent` for the product `(r ⊙ h₋₁)·U_h` that the caller adds to the h
    /// slice. `bias` is `[3H]`.
    @inline(__always)
    static func forwardGates<A: GateActivations>(
        _ f: A, _ s: Step, hasInputProducts: Bool, hasGateProducts: Bool, bias: UnsafePointer<Float>,
        rows: Range<Int>, units H: Int
    ) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, state = row * H
            let x = s.input.map { $0.x + row * $0.size }
            forEachLaneChunk(H) { j, n in
                let (xz, xr, xh) = inputPart(s.input, x: x, gates: g, gateProducts: hasGateProducts,
                                             candidateProducts: hasInputProducts, bias: bias, j: j, n: n, units: H)
                let z = f.gate(xz)
                let r = f.gate(xr)
                storeVector(z, g, j, count: n)
                storeVector(r, g, H + j, count: n)
                storeVector(xh, g, 2 * H + j, count: n)
                storeVector(r * loadVector(s.previousHidden, state + j, count: n), s.recurrent, state + j, count: n)
            }
        }
    }

    /// Second forward pass: ĥ = act(h slice) (which now holds x̂_h + (r ⊙ h₋₁)·U_h) and
    /// h = z ⊙ h₋₁ + (1 - z) ⊙ ĥ; ĥ stays in the h slice.
    @inline(__always)
    static func forwardCandidate<A: GateActivations>(_ f: A, _ s: Step, rows: Range<Int>, units H: Int) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, state = row * H
            forEachLaneChunk(H) { j, n in
                let z = loadVector(g, j, count: n)
                let hh = f.cell(loadVector(g, 2 * H + j, count: n))
                let hp = loadVector(s.previousHidden, state + j, count: n)
                storeVector(hh, g, 2 * H + j, count: n)
                storeVector(z * hp + (1 - z) * hh, s.hidden, state + j, count: n)
            }
        }
    }

    /// First backward pass with the reset before the product: `dz̃ = dh ⊙ (h₋₁ - ĥ) ⊙ σ'(z)`
    /// into the z slice, `dĥ̃ = dh ⊙ (1 - z) ⊙ act'(ĥ)` into the h slice, dh ⊙ z into
    /// `dHidden`. The caller then computes `d(r ⊙ h₋₁) = dĥ̃·U_hᵀ`.
    @inline(__always)
    static func backwardCandidate<A: GateActivations>(
        _ f: A, _ s: Step, dHidden: UnsafeMutablePointer<Float>, rows: Range<Int>, units H: Int
    ) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, state = row * H
            forEachLaneChunk(H) { j, n in
                let z = loadVector(g, j, count: n)
                let hh = loadVector(g, 2 * H + j, count: n)
                let hp = loadVector(s.previousHidden, state + j, count: n)
                let dh = loadVector(dHidden, state + j, count: n)
                storeVector(dh * (hp - hh) * f.gateDerivative(output: z), g, j, count: n)
                storeVector(dh * (1 - z) * f.cellDerivative(output: hh), g, 2 * H + j, count: n)
                storeVector(dh * z, dHidden, state + j, count: n)
            }
        }
    }

    /// Second backward pass: from `dResetHidden` = d(r ⊙ h₋₁), `dr̃ = d(r ⊙ h₋₁) ⊙ h₋₁ ⊙ σ'(r)`
    /// into the r slice and `dHidden += d(r ⊙ h₋₁) ⊙ r`; accumulates `dBias [3H]` and, for
    /// a narrow input, `dKernel`, from the finished (dz̃, dr̃, dĥ̃).
    @inline(__always)
    static func backwardReset<A: GateActivations>(
        _ f: A, _ s: Step, dResetHidden: UnsafePointer<Float>, dHidden: UnsafeMutablePointer<Float>,
        dBias: UnsafeMutablePointer<Float>, dKernel: UnsafeMutablePointer<Float>, rows: Range<Int>, units H: Int
    ) {
        let G = 3 * H
        for row in rows {
            let g = s.gates + row * G, state = row * H
            let x = s.input.map { $0.x + row * $0.size }
            forEachLaneChunk(H) { j, n in
                let r = loadVector(g, H + j, count: n)
                let drh = loadVector(dResetHidden, state + j, count: n)
                let dr = drh * loadVector(s.previousHidden, state + j, count: n) * f.gateDerivative(output: r)
                storeVector(dr, g, H + j, count: n)
                storeVector(loadVector(dHidden, state + j, count: n) + drh * r, dHidden, state + j, count: n)
                let dz = loadVector(g, j, count: n), dhh = loadVector(g, 2 * H + j, count: n)
                accumulate(dBias, dz, dr, dhh, j: j, n: n, units: H)
                accumulateKernel(dKernel, s.input, x: x, dz, dr, dhh, j: j, n: n, units: H)
            }
        }
    }

    // MARK: Shared pieces

    /// `x̂ = b + (what the gates' slices hold) + (a narrow input's x·W)` for units
    /// j..<j+n of one row: the z and r slices are read with `gateProducts`, the h slice
    /// with `candidateProducts`; W is `[in, 3H]`.
    @inline(__always)
    private static func inputPart(
        _ input: FusedInput?, x: UnsafePointer<Float>?, gates g: UnsafePointer<Float>, gateProducts: Bool,
        candidateProducts: Bool, bias: UnsafePointer<Float>, j: Int, n: Int, units H: Int
    ) -> (FloatVector, FloatVector, FloatVector) {
        var xz = loadVector(bias, j, count: n)
        var xr = loadVector(bias, H + j, count: n)
        var xh = loadVector(bias, 2 * H + j, count: n)
        if gateProducts {
            xz += loadVector(g, j, count: n)
            xr += loadVector(g, H + j, count: n)
        }
        if candidateProducts { xh += loadVector(g, 2 * H + j, count: n) }
        if let input, let x {
            for feature in 0..<input.size {
                let xv = FloatVector(repeating: x[feature])
                let w = input.kernel + feature * 3 * H
                xz += xv * loadVector(w, j, count: n)
                xr += xv * loadVector(w, H + j, count: n)
                xh += xv * loadVector(w, 2 * H + j, count: n)
            }
        }
        return (xz, xr, xh)
    }

    /// `sums[gate·H + j ..] += (a, b, c)` for the three gates.
    @inline(__always)
    private static func accumulate(_ sums: UnsafeMutablePointer<Float>, _ a: FloatVector, _ b: FloatVector,
                                   _ c: FloatVector, j: Int, n: Int, units H: Int) {
        storeVector(loadVector(sums, j, count: n) + a, sums, j, count: n)
        storeVector(loadVector(sums, H + j, count: n) + b, sums, H + j, count: n)
        storeVector(loadVector(sums, 2 * H + j, count: n) + c, sums, 2 * H + j, count: n)
    }

    /// `dKernel [in, 3H] += xᵀ·(a, b, c)` for a narrow input folded into the pass.
    @inline(__always)
    private static func accumulateKernel(_ dKernel: UnsafeMutablePointer<Float>, _ input: FusedInput?,
                                         x: UnsafePointer<Float>?, _ a: FloatVector, _ b: FloatVector,
                                         _ c: FloatVector, j: Int, n: Int, units H: Int) {
        guard let input, let x else { return }
        for feature in 0..<input.size {
            accumulate(dKernel + feature * 3 * H, FloatVector(repeating: x[feature]) * a,
                       FloatVector(repeating: x[feature]) * b, FloatVector(repeating: x[feature]) * c, j: j, n: n, units: H)
        }
    }
}

/// Keras' default pair (sigmoid gates, tanh candidate) as a type, so the generic passes
/// specialise to straight-line vector code.
struct SigmoidTanhGates: GateActivations {
    @inline(__always) func gate(_ x: FloatVector) -> FloatVector { VectorMath.sigmoid(x) }
    @inline(__always) func cell(_ x: FloatVector) -> FloatVector { VectorMath.tanh(x) }
    @inline(__always) func gateDerivative(output y: FloatVector) -> FloatVector { y * (1 - y) }
    @inline(__always) func cellDerivative(output y: FloatVector) -> FloatVector { 1 - y * y }
}

extension GRUGates {
    /// `forwardResetAfter` with Keras' default pair through the C kernels of
    /// `LSTMKernels` (`gru_kernels.h`), compiled for AVX2 + FMA where the processor has them.
    static func forwardResetAfter(
        _ variant: GateKernelVariant, _ s: Step, hasInputProducts: Bool, hasRecurrentProducts: Bool,
        bias: UnsafePointer<Float>, rows: Range<Int>, units: Int
    ) {
        var step = gru_forward_step(
            gates: s.gates, recurrent: s.recurrent, has_input_products: hasInputProducts ? 1 : 0,
            has_recurrent_products: hasRecurrentProducts ? 1 : 0, bias: bias,
            input: s.input?.x, kernel: s.input?.kernel, input_size: s.input?.size ?? 0,
            previous_hidden: s.previousHidden, hidden: s.hidden,
            row_begin: rows.lowerBound, row_end: rows.upperBound, units: units)
        gru_sigmoid_tanh_forward(variant.c, &step)
    }

    /// `backwardResetAfter` with Keras' default pair through the C kernels.
    static func backwardResetAfter(
        _ variant: GateKernelVariant, _ s: Step, dHidden: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        dKernel: UnsafeMutablePointer<Float>, rows: Range<Int>, units: Int
    ) {
        var step = gru_backward_step(
            gates: s.gates, recurrent: s.recurrent, previous_hidden: s.previousHidden, d_hidden: dHidden, d_bias: dBias,
            input: s.input?.x, d_kernel: s.input == nil ? nil : dKernel, input_size: s.input?.size ?? 0,
            row_begin: rows.lowerBound, row_end: rows.upperBound, units: units)
        gru_sigmoid_tanh_backward(variant.c, &step)
    }
}
