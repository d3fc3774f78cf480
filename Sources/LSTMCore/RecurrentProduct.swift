import LSTMKernels

/// How an LSTM step multiplies by the recurrent kernel U (`h₋₁·U` forward, `dz·Uᵀ`
/// backward): through OpenBLAS, or with U packed once a batch and a register-blocked
/// AVX-512 kernel (`packed_sgemm.h`). A BLAS call repacks U on every one of the T
/// steps; packing it once saves that, and the kernel writes C without first clearing it.
enum RecurrentProduct: Equatable, CaseIterable {
    case blas
    case packed

    /// Packed where the processor has AVX-512F, else BLAS.
    static let best: RecurrentProduct = lstm_packed_sgemm_supported() != 0 ? .packed : .blas

    var isSupported: Bool { self == .blas || lstm_packed_sgemm_supported() != 0 }

    /// For messages: "OpenBLAS" or "packed AVX-512".
    var name: String {
        switch self {
        case .blas: return "OpenBLAS"
        case .packed: return "packed AVX-512"
        }
    }

    /// Whether a time loop over `batch` rows split into `threads` chunks uses the packed
    /// kernel: only when every chunk fills at least one 16-row block (a forecast's single
    /// row would waste 15/16 of each block).
    func usesPanels(batch: Int, threads: Int) -> Bool {
        self == .packed && isSupported && batch / max(threads, 1) >= Int(LSTM_PACKED_BLOCK)
    }
}

/// A `[k, n]` right operand packed into 16-column panels (`lstm_pack_panels`), reused
/// by every product until packed again.
final class PackedPanels {
    let depth: Int
    let columns: Int
    private let panels: FloatBuffer

    /// Room for a `[depth, columns]` operand.
    init(depth: Int, columns: Int) {
        self.depth = depth
        self.columns = columns
        panels = FloatBuffer(count: lstm_packed_panels_count(depth, columns), alignment: 64)
    }

    /// Packs `b` (`[depth, columns]` row-major with row stride `ldb`), or with
    /// `transposed` the transpose of a stored `[columns, depth]` matrix.
    func pack(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool) {
        lstm_pack_panels(b, ldb, transposed ? 1 : 0, depth, columns, panels.pointer)
    }

    /// Floats of the work area `multiply` needs (a short last block of rows, padded).
    static func workCount(depth: Int) -> Int { lstm_packed_work_count(depth) }

    /// `c[m, columns] = a[m, depth] · B`, or `+=` with `accumulate`; `work` holds at
    /// least `workCount(depth:)` floats.
    func multiply(rows m: Int, a: UnsafePointer<Float>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                  accumulate: Bool, work: FloatBuffer) {
        lstm_packed_sgemm(m, columns, depth, a, lda, panels.pointer, c, ldc, accumulate ? 1 : 0, work.pointer)
    }
}
