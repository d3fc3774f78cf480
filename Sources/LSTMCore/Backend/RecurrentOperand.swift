import LSTMKernels

/// The right operand of one of a recurrent step's products: a column block of the
/// recurrent kernel U (`h₋₁·U`), or of its transpose (`dz·Uᵀ`), multiplied on packed
/// panels when the batch is large enough (`RecurrentProduct.usesPanels`), else by
/// OpenBLAS on U where it lies. Made once a batch: packing happens in `init`.
struct RecurrentOperand {
    /// `[depth, columns]` row-major with row stride `ldb`, or with `transposed` the
    /// transpose of a stored `[columns, depth]` block.
    let matrix: UnsafePointer<Float>
    let ldb: Int
    let transposed: Bool
    let depth: Int
    let columns: Int
    /// The panels and kernel, nil for OpenBLAS.
    let packed: (panels: PackedPanels, kernel: lstm_packed_kernel)?

    /// Packs the block into `panels` when `kernel` is given (the panels' shape must be
    /// `[depth, columns]`).
    init(_ matrix: UnsafePointer<Float>, ldb: Int, transposed: Bool, depth: Int, columns: Int,
         panels: PackedPanels?, kernel: lstm_packed_kernel?) {
        self.matrix = matrix
        self.ldb = ldb
        self.transposed = transposed
        self.depth = depth
        self.columns = columns
        if let panels, let kernel {
            precondition(panels.depth == depth && panels.columns == columns, "panels of another shape")
            panels.pack(matrix, ldb: ldb, transposed: transposed)
            packed = (panels, kernel)
        } else {
            packed = nil
        }
    }

    /// `c[m, columns] = a[m, depth] · B`, or `+=` with `accumulate`; `work` holds
    /// `PackedPanels.workCount(depth:)` floats (used on panels only).
    func multiply(rows m: Int, a: UnsafePointer<Float>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                  accumulate: Bool, work: FloatBuffer) {
        if let packed {
            packed.panels.multiply(packed.kernel, rows: m, a: a, lda: lda, c: c, ldc: ldc, accumulate: accumulate, work: work)
        } else {
            BLAS.sgemm(transposeA: false, transposeB: transposed, m: m, n: columns, k: depth,
                       alpha: 1, a: a, lda: lda, b: matrix, ldb: ldb, beta: accumulate ? 1 : 0, c: c, ldc: ldc)
        }
    }
}

/// Calls `body(j, n)` for the lane-wide chunks of `0..<count` (n = lanes), then for
/// the shorter rest, so a gate pass loads and stores whole vectors in its main loop.
@inline(__always)
func forEachLaneChunk(_ count: Int, _ body: (Int, Int) -> Void) {
    let full = count - count % lanes
    var j = 0
    while j < full {
        body(j, lanes)
        j += lanes
    }
    if full < count { body(full, count - full) }
}
