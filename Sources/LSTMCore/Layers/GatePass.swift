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
