import LSTMKernels

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
