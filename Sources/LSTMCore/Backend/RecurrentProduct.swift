import LSTMKernels

/// How an LSTM step multiplies by the recurrent kernel U (`h₋₁·U` forward, `dz·Uᵀ`
/// backward): through OpenBLAS, or with U packed once a batch and a register-blocked
/// kernel of `packed_sgemm.h` (AVX-512F, or AVX2 + FMA). A BLAS call repacks U on every
/// one of the T steps; packing it once saves that, and the kernels write C without
/// first clearing it. Both kernels give the same sums, bit for bit.
public enum RecurrentProduct: String, Equatable, CaseIterable, Sendable {
    /// Raw values are what `lesson bench --products` accepts.
    case blas = "openblas"
    case avx512
    case avx2FMA = "avx2"

    /// The fastest this processor runs: AVX-512F, then AVX2 + FMA, then BLAS.
    public static let best: RecurrentProduct = [.avx512, .avx2FMA].first { $0.isSupported } ?? .blas

    public var isSupported: Bool {
        guard let kernel else { return true }
        return lstm_packed_supports(kernel) != 0
    }

    /// For messages: "OpenBLAS", "packed AVX-512" or "packed AVX2 + FMA".
    public var name: String {
        switch self {
        case .blas: return "OpenBLAS"
        case .avx512: return "packed AVX-512"
        case .avx2FMA: return "packed AVX2 + FMA"
        }
    }

    /// The C kernel, nil for BLAS.
    var kernel: lstm_packed_kernel? {
        switch self {
        case .blas: return nil
        case .avx512: return LSTM_PACKED_AVX512
        case .avx2FMA: return LSTM_PACKED_AVX2_FMA
        }
    }

    /// Whether a time loop over `batch` rows split into `threads` chunks uses a packed
    /// kernel: only when every chunk has at least 16 rows (a forecast's single row would
    /// leave most of each register block empty).
    func usesPanels(batch: Int, threads: Int) -> Bool {
        kernel != nil && isSupported && batch / max(threads, 1) >= Int(LSTM_PACKED_BLOCK)
    }
}
