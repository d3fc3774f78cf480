import CBLAS

/// The one file that talks to OpenBLAS. Every matrix is row-major `Float`; callers
/// pass raw pointers so the hot loops never touch Swift arrays (no ARC, no
/// copy-on-write checks).
///
/// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` of shape `[m, k]`,
/// `op(B)` of shape `[k, n]` and `C` of shape `[m, n]`.
public enum BLAS {
    /// Sets how many threads the numerics use (the lesson's `setup` `threads = N`).
    ///
    /// The layers split their batch rows over these threads themselves (see
    /// `Parallel`), and each thread calls OpenBLAS single-threaded; so OpenBLAS' own
    /// pool is kept at one thread.
    public static func setThreads(_ n: Int) {
        configuredThreads = max(1, min(n, 256))
        openblas_set_num_threads(1)
    }

    /// The thread count the numerics use (OpenBLAS' default, the number of cores, until set).
    public static var threads: Int {
        if configuredThreads == 0 { setThreads(Int(openblas_get_num_threads())) }
        return configuredThreads
    }

    /// 0 until first read or set.
    private static var configuredThreads = 0

    /// OpenBLAS' version and build, and which processor's kernels it chose at load time
    /// (`OpenBLAS 0.3.21 ... (Cooperlake kernels)`), for `lesson bench`.
    public static var description: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        let version = config.split(separator: " ").prefix(2).joined(separator: " ")
        return "\(version) (\(core) kernels)"
    }

    /// Runs `body` with OpenBLAS' own pool at `threads` workers (to time OpenBLAS
    /// itself, as the benchmark's reference does), then back to one.
    static func withOpenBLASThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        openblas_set_num_threads(Int32(clamping: max(1, threads)))
        defer { openblas_set_num_threads(1) }
        return try body()
    }

    /// `c[m, n] = alpha · op(a) · op(b) + beta · c`; `lda`, `ldb`, `ldc` are the row
    /// strides of the matrices as stored (before any transpose).
    @inline(__always)
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C untouched for k = 0 only when beta = 1; keep the meaning exact.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
