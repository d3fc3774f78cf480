import LSTMKernels

/// The element-wise half of one LSTM step, as the time loops (`LSTMLayer`, `Forecast`)
/// call it: Keras' default activations (sigmoid gates, tanh cell) run the C kernels of
/// `LSTMKernels`, compiled for AVX2 + FMA where the processor has them; any other pair
/// runs the Swift passes of `LSTMGates`. Both compute the formulas documented there.
enum GatePass {
    case sigmoidTanh(GateKernelVariant)
    case configured(ConfiguredGates)

    init(_ config: LSTMLayerConfig, variant: GateKernelVariant) {
        if config.activation == .tanh && config.recurrentActivation == .sigmoid {
            self = .sigmoidTanh(variant)
        } else {
            self = .configured(ConfiguredGates(recurrentActivation: config.recurrentActivation,
                                               activation: config.activation))
        }
    }

    /// See `LSTMGates.forward`.
    func forward(
        gates: UnsafeMutablePointer<Float>, hasProducts: Bool, bias: UnsafePointer<Float>, input: FusedInput?,
        previousCell: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
        cellActivation: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        rows: Range<Int>, units: Int
    ) {
        switch self {
        case .sigmoidTanh(let variant):
            var step = lstm_forward_step(
                gates: gates, has_products: hasProducts ? 1 : 0, bias: bias,
                input: input?.x, kernel: input?.kernel, input_size: input?.size ?? 0,
                previous_cell: previousCell, cell: cell, cell_activation: cellActivation, hidden: hidden,
                row_begin: rows.lowerBound, row_end: rows.upperBound, units: units)
            lstm_sigmoid_tanh_forward(variant.c, &step)
        case .configured(let functions):
            LSTMGates.forward(functions, gates: gates, hasProducts: hasProducts, bias: bias, input: input,
                              previousCell: previousCell, cell: cell, cellActivation: cellActivation,
                              hidden: hidden, rows: rows, units: units)
        }
    }

    /// See `LSTMGates.backward`.
    func backward(
        gates: UnsafeMutablePointer<Float>, previousCell: UnsafePointer<Float>, cellActivation: UnsafePointer<Float>,
        dHidden: UnsafePointer<Float>, dCell: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        input: FusedInput?, dKernel: UnsafeMutablePointer<Float>, rows: Range<Int>, units: Int
    ) {
        switch self {
        case .sigmoidTanh(let variant):
            var step = lstm_backward_step(
                gates: gates, previous_cell: previousCell, cell_activation: cellActivation,
                d_hidden: dHidden, d_cell: dCell, d_bias: dBias,
                input: input?.x, d_kernel: input == nil ? nil : dKernel, input_size: input?.size ?? 0,
                row_begin: rows.lowerBound, row_end: rows.upperBound, units: units)
            lstm_sigmoid_tanh_backward(variant.c, &step)
        case .configured(let functions):
            LSTMGates.backward(functions, gates: gates, previousCell: previousCell, cellActivation: cellActivation,
                               dHidden: dHidden, dCell: dCell, dBias: dBias, input: input, dKernel: dKernel,
                               rows: rows, units: units)
        }
    }
}

/// Which compilation of the C gate kernels runs: the baseline one everywhere, the
/// AVX2 + FMA one (8 lanes an instruction, fused multiply-adds, so results differ from
/// the baseline's in the last bits) where the processor has both.
enum GateKernelVariant: Equatable, CaseIterable {
    case baseline
    case avx2FMA

    /// The best this processor runs.
    static let best: GateKernelVariant = lstm_kernels_best_variant() == LSTM_KERNELS_AVX2_FMA ? .avx2FMA : .baseline

    var isSupported: Bool { lstm_kernels_supports(c) != 0 }

    /// For messages: "baseline" or "AVX2 + FMA".
    var name: String {
        switch self {
        case .baseline: return "baseline"
        case .avx2FMA: return "AVX2 + FMA"
        }
    }

    var c: lstm_kernels_variant {
        switch self {
        case .baseline: return LSTM_KERNELS_BASELINE
        case .avx2FMA: return LSTM_KERNELS_AVX2_FMA
        }
    }

    /// `y[k] = σ(x[k])` by this variant's formula (for tests against libm).
    func sigmoid(_ x: [Float]) -> [Float] { elementwise(x, lstm_kernels_sigmoid) }

    /// `y[k] = tanh(x[k])` by this variant's formula.
    func tanh(_ x: [Float]) -> [Float] { elementwise(x, lstm_kernels_tanh) }

    private func elementwise(
        _ x: [Float], _ function: (lstm_kernels_variant, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
    ) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { source in
            y.withUnsafeMutableBufferPointer { function(c, source.baseAddress, $0.baseAddress, x.count) }
        }
        return y
    }
}
