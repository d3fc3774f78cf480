/// The element-wise half of one LSTM step, fused into one vectorised pass over the
/// `[B, 4H]` gate block (gate order i, f, c, o, each a contiguous slice of H in a row),
/// and its backward, for any pair of activations. The matrix products live in
/// `LSTMLayer`; Keras' default pair runs the C kernels instead (`GatePass`).
enum LSTMGates {
    /// Forward of one step for `rows` of the batch, in place on the gate block:
    ///
    ///     z = [z] + x·W + b       (z holds h₋₁·U, or nothing at t = 0)
    ///     i = σ(z_i)  f = σ(z_f)  g = act(z_c)  o = σ(z_o)
    ///     c = f ⊙ c₋₁ + i ⊙ g        h = o ⊙ act(c)
    ///
    /// `gates [B, 4H]` holds the products on entry (when `hasProducts`) and the activated
    /// `i, f, g, o` on exit (backward needs them). Writes `cell [B, H]` = c,
    /// `cellActivation [B, H]` = act(c) (backward needs it) and `hidden [B, H]` = h.
    /// `cell` may alias `previousCell` and `hidden` the h₋₁ read by the product
    /// (each element is read before it is written).
    @inline(__always)
    static func forward<A: GateActivations>(
        _ functions: A, gates: UnsafeMutablePointer<Float>, hasProducts: Bool,
        bias: UnsafePointer<Float>, input: FusedInput?,
        previousCell: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
        cellActivation: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        rows: Range<Int>, units: Int
    ) {
        let H = units
        let G = 4 * H
        let full = H - H % lanes
        for row in rows {
            let z = gates + row * G
            let state = row * H
            let x = input.map { $0.x + row * $0.size }
            var j = 0
            while j < full {
                forwardChunk(functions, z: z, state: state, j: j, n: lanes, bias: bias, input: input, x: x,
                             previousCell: previousCell, cell: cell, cellActivation: cellActivation, hidden: hidden,
                             hasProducts: hasProducts, units: H)
                j += lanes
            }
            if full < H {
                forwardChunk(functions, z: z, state: state, j: full, n: H - full, bias: bias, input: input, x: x,
                             previousCell: previousCell, cell: cell, cellActivation: cellActivation, hidden: hidden,
                             hasProducts: hasProducts, units: H)
            }
        }
    }

    /// Units j..<j+n of one row (n = lanes in the main loop, so the loads are plain).
    @inline(__always)
    private static func forwardChunk<A: GateActivations>(
        _ functions: A, z: UnsafeMutablePointer<Float>, state: Int, j: Int, n: Int,
        bias: UnsafePointer<Float>, input: FusedInput?, x: UnsafePointer<Float>?,
        previousCell: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
        cellActivation: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        hasProducts: Bool, units H: Int
    ) {
        let G = 4 * H
        var zi = loadVector(bias, j, count: n)
        var zf = loadVector(bias, H + j, count: n)
        var zc = loadVector(bias, 2 * H + j, count: n)
        var zo = loadVector(bias, 3 * H + j, count: n)
        if hasProducts {
            zi += loadVector(z, j, count: n)
            zf += loadVector(z, H + j, count: n)
            zc += loadVector(z, 2 * H + j, count: n)
            zo += loadVector(z, 3 * H + j, count: n)
        }
        if let input, let x {
            for feature in 0..<input.size {
                let xv = FloatVector(repeating: x[feature])
                let w = input.kernel + feature * G
                zi += xv * loadVector(w, j, count: n)
                zf += xv * loadVector(w, H + j, count: n)
                zc += xv * loadVector(w, 2 * H + j, count: n)
                zo += xv * loadVector(w, 3 * H + j, count: n)
            }
        }
        let i = functions.gate(zi)
        let f = functions.gate(zf)
        let g = functions.cell(zc)
        let o = functions.gate(zo)
        let c = f * loadVector(previousCell, state + j, count: n) + i * g
        let tc = functions.cell(c)
        storeVector(i, z, j, count: n)
        storeVector(f, z, H + j, count: n)
        storeVector(g, z, 2 * H + j, count: n)
        storeVector(o, z, 3 * H + j, count: n)
        storeVector(c, cell, state + j, count: n)
        storeVector(tc, cellActivation, state + j, count: n)
        storeVector(o * tc, hidden, state + j, count: n)
    }

    /// Backward of one step for `rows`. On entry `gates [B, 4H]` holds this step's
    /// `i, f, g, o`, `dHidden [B, H]` the full gradient reaching h (from the layer above
    /// and from the next step), `dCell [B, H]` the gradient reaching c from the next
    /// step. With a = act(c) and primes taken from the stored outputs:
    ///
    ///     dO = dh ⊙ a                 dc += dh ⊙ o ⊙ act'(a)
    ///     dI = dc ⊙ g   dG = dc ⊙ i   dF = dc ⊙ c₋₁   dc₋₁ = dc ⊙ f
    ///     dz = (dI ⊙ σ'(i), dF ⊙ σ'(f), dG ⊙ act'(g), dO ⊙ σ'(o))
    ///
    /// On exit `gates` holds dz (the activations are no longer needed) and `dCell`
    /// dc₋₁. While dz is in registers it also accumulates `dBias [4H] += Σ_rows dz` and,
    /// for a small input, `dKernel [in, 4H] += xᵀ·dz`.
    @inline(__always)
    static func backward<A: GateActivations>(
        _ functions: A, gates: UnsafeMutablePointer<Float>, previousCell: UnsafePointer<Float>,
        cellActivation: UnsafePointer<Float>, dHidden: UnsafePointer<Float>,
        dCell: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        input: FusedInput?, dKernel: UnsafeMutablePointer<Float>,
        rows: Range<Int>, units: Int
    ) {
        let H = units
        let full = H - H % lanes
        for row in rows {
            let z = gates + row * 4 * H
            let state = row * H
            let x = input.map { $0.x + row * $0.size }
            var j = 0
            while j < full {
                backwardChunk(functions, z: z, state: state, j: j, n: lanes, previousCell: previousCell,
                              cellActivation: cellActivation, dHidden: dHidden, dCell: dCell, dBias: dBias,
                              input: input, x: x, dKernel: dKernel, units: H)
                j += lanes
            }
            if full < H {
                backwardChunk(functions, z: z, state: state, j: full, n: H - full, previousCell: previousCell,
                              cellActivation: cellActivation, dHidden: dHidden, dCell: dCell, dBias: dBias,
                              input: input, x: x, dKernel: dKernel, units: H)
            }
        }
    }

    @inline(__always)
    private static func backwardChunk<A: GateActivations>(
        _ functions: A, z: UnsafeMutablePointer<Float>, state: Int, j: Int, n: Int,
        previousCell: UnsafePointer<Float>, cellActivation: UnsafePointer<Float>, dHidden: UnsafePointer<Float>,
        dCell: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        input: FusedInput?, x: UnsafePointer<Float>?, dKernel: UnsafeMutablePointer<Float>, units H: Int
    ) {
        let G = 4 * H
        let i = loadVector(z, j, count: n)
        let f = loadVector(z, H + j, count: n)
        let g = loadVector(z, 2 * H + j, count: n)
        let o = loadVector(z, 3 * H + j, count: n)
        let a = loadVector(cellActivation, state + j, count: n)
        let dh = loadVector(dHidden, state + j, count: n)
        let dc = loadVector(dCell, state + j, count: n) + dh * o * functions.cellDerivative(output: a)
        storeVector(dc * f, dCell, state + j, count: n)
        let dzi = dc * g * functions.gateDerivative(output: i)
        let dzf = dc * loadVector(previousCell, state + j, count: n) * functions.gateDerivative(output: f)
        let dzc = dc * i * functions.cellDerivative(output: g)
        let dzo = dh * a * functions.gateDerivative(output: o)
        storeVector(dzi, z, j, count: n)
        storeVector(dzf, z, H + j, count: n)
        storeVector(dzc, z, 2 * H + j, count: n)
        storeVector(dzo, z, 3 * H + j, count: n)
        storeVector(loadVector(dBias, j, count: n) + dzi, dBias, j, count: n)
        storeVector(loadVector(dBias, H + j, count: n) + dzf, dBias, H + j, count: n)
        storeVector(loadVector(dBias, 2 * H + j, count: n) + dzc, dBias, 2 * H + j, count: n)
        storeVector(loadVector(dBias, 3 * H + j, count: n) + dzo, dBias, 3 * H + j, count: n)
        if let input, let x {
            for feature in 0..<input.size {
                let xv = FloatVector(repeating: x[feature])
                let w = dKernel + feature * G
                storeVector(loadVector(w, j, count: n) + xv * dzi, w, j, count: n)
                storeVector(loadVector(w, H + j, count: n) + xv * dzf, w, H + j, count: n)
                storeVector(loadVector(w, 2 * H + j, count: n) + xv * dzc, w, 2 * H + j, count: n)
                storeVector(loadVector(w, 3 * H + j, count: n) + xv * dzo, w, 3 * H + j, count: n)
            }
        }
    }
}

/// The two activations of an LSTM as a type. (Keras' default pair, sigmoid gates and
/// tanh cell, runs the C kernels of `LSTMKernels` instead; see `GatePass`.)
protocol GateActivations {
    /// σ: input, forget and output gates.
    func gate(_ x: FloatVector) -> FloatVector
    /// act: cell candidate and the cell state on the way out.
    func cell(_ x: FloatVector) -> FloatVector
    func gateDerivative(output y: FloatVector) -> FloatVector
    func cellDerivative(output y: FloatVector) -> FloatVector
}

/// Any pair of activations, chosen at run time.
struct ConfiguredGates: GateActivations {
    let recurrentActivation: Activation
    let activation: Activation
    @inline(__always) func gate(_ x: FloatVector) -> FloatVector { recurrentActivation.apply(x) }
    @inline(__always) func cell(_ x: FloatVector) -> FloatVector { activation.apply(x) }
    @inline(__always) func gateDerivative(output y: FloatVector) -> FloatVector { recurrentActivation.derivative(output: y) }
    @inline(__always) func cellDerivative(output y: FloatVector) -> FloatVector { activation.derivative(output: y) }
}
