// The products after a recurrent layer's backward time loop, over all T·B rows at
// once (LSTMLayer, GRULayer, SimpleRNNLayer; docs/performance.md, "Large products where the maths
// allows"), and the threads' partial sums they add up.

/// `c[m, n] += aᵀ·b` summed over K rows (`a [K, m]`, `b [K, n]`, row strides lda, ldb):
/// the recurrent kernel's gradient `Σ_t h_{t-1}ᵀ·dz_t`. The threads split K: the first
/// adds its share straight into c, each other writes its own partial sum into `partials`
/// (`[threads - 1, m, n]`), added afterwards in a fixed order, so the sum does not
/// depend on timing. (Splitting c's columns instead would make each thread pack all of
/// a; OpenBLAS' own pool would leave its workers spinning into the next forward.)
func addTransposedProduct(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                          c: UnsafeMutablePointer<Float>, ldc: Int, partials: FloatBuffer, threads: Int) {
    guard k > 0 else { return }
    Parallel.forEachChunk(count: k, chunks: threads) { chunk, rows in
        let first = chunk == 0
        BLAS.sgemm(transposeA: true, transposeB: false, m: m, n: n, k: rows.count,
                   alpha: 1, a: a + rows.lowerBound * lda, lda: lda, b: b + rows.lowerBound * ldb, ldb: ldb,
                   beta: first ? 1 : 0, c: first ? c : partials.pointer + (chunk - 1) * m * n, ldc: first ? ldc : n)
    }
    for chunk in 1..<Parallel.chunkCount(count: k, requested: threads) {
        for row in 0..<m {
            addVector(partials.pointer + (chunk - 1) * m * n + row * n, into: c + row * ldc, count: n)
        }
    }
}

/// The input side after the time loop, for `rows` = T·B rows of `dz [rows, G]`: with a
/// wide input (`fused` false) `dW [F, G] += xᵀ·dz` (the threads split the columns), and
/// when `dInput` is given `dx [rows, F] = dz·Wᵀ` (the threads split the rows).
func inputGradients(input: UnsafePointer<Float>, dz: UnsafePointer<Float>, rows: Int, features F: Int, gates G: Int,
                    kernel: Parameter, fused: Bool, dInput: UnsafeMutablePointer<Float>?, threads: Int) {
    if !fused {
        Parallel.forEachChunk(count: G, chunks: threads) { _, columns in
            BLAS.sgemm(transposeA: true, transposeB: false, m: F, n: columns.count, k: rows,
                       alpha: 1, a: input, lda: F, b: dz + columns.lowerBound, ldb: G,
                       beta: 1, c: kernel.gradientPointer + columns.lowerBound, ldc: G)
        }
    }
    if let dInput {
        let W = UnsafePointer(kernel.pointer)
        Parallel.forEachChunk(count: rows, chunks: threads) { _, slice in
            BLAS.sgemm(transposeA: false, transposeB: true, m: slice.count, n: F, k: G,
                       alpha: 1, a: dz + slice.lowerBound * G, lda: G, b: W, ldb: G,
                       beta: 0, c: dInput + slice.lowerBound * F, ldc: F)
        }
    }
}

/// Adds each thread's partial sums (`[threads, stride]`, the first `count` of each) into
/// `gradient`, in thread order.
func addPartials(_ partials: FloatBuffer, threads: Int, stride: Int, count: Int, into gradient: UnsafeMutablePointer<Float>) {
    for chunk in 0..<threads { addVector(partials.pointer + chunk * stride, into: gradient, count: count) }
}
