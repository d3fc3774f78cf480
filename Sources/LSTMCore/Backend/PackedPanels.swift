import LSTMKernels

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

    /// `c[m, columns] = a[m, depth] · B`, or `+=` with `accumulate`, by `kernel`; `work`
    /// holds at least `workCount(depth:)` floats.
    func multiply(_ kernel: lstm_packed_kernel, rows m: Int, a: UnsafePointer<Float>, lda: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, work: FloatBuffer) {
        lstm_packed_sgemm(kernel, m, columns, depth, a, lda, panels.pointer, c, ldc, accumulate ? 1 : 0, work.pointer)
    }
}
