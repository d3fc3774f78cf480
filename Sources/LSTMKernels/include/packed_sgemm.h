// Matrix products with the right operand packed ahead of time, for the recurrent
// step's two products h₋₁·U (forward) and dz·Uᵀ (backward).
//
// U changes once a batch but each of the T steps multiplies by it. A BLAS call packs
// its operands on every call; here U is packed once a batch into panels of 16 columns
// and every step reuses them; the left operand (this step's rows) is read in place.
// Two kernels: one for AVX-512F, one for AVX2 + FMA; `lstm_packed_supports` says
// which the processor runs. Callers use BLAS where it runs neither.
#ifndef PACKED_SGEMM_H
#define PACKED_SGEMM_H

#ifdef __cplusplus
extern "C" {
#endif

/// The width of a panel, and the most rows a kernel's register block has.
#define LSTM_PACKED_BLOCK 16

typedef enum {
    /// A 16 × 16 block of the result in sixteen 512-bit registers.
    LSTM_PACKED_AVX512 = 0,
    /// A 6 × 16 block in twelve 256-bit registers.
    LSTM_PACKED_AVX2_FMA = 1,
    /// A plain loop with the same sums, one element at a time: what a kernel the
    /// processor lacks falls back to, and what the tests hold the kernels against.
    LSTM_PACKED_PORTABLE = 2,
} lstm_packed_kernel;

/// Whether this processor runs `kernel`.
int lstm_packed_supports(lstm_packed_kernel kernel);

/// Floats that `lstm_pack_panels` writes for a [k, n] operand: k · n rounded up to 16.
long lstm_packed_panels_count(long k, long n);

/// Floats of the work area `lstm_packed_sgemm` needs for depth k: 16 · k (the last
/// rows of A when m is not a multiple of the kernel's block, zero padded).
long lstm_packed_work_count(long k);

/// Packs the [k, n] operand B into panels of 16 columns: panel p holds columns
/// 16p ..< 16p + 16 as [k][16], row after row, the columns past n zero.
/// B is row-major `b[r · ldb + j]`, or with `transposed` the transpose of a stored
/// [n, k] matrix: B[r, j] = `b[j · ldb + r]`.
void lstm_pack_panels(const float *b, long ldb, int transposed, long k, long n, float *panels);

/// C[m, n] = A[m, k] · B, or C += A · B when `accumulate` is nonzero, with B packed by
/// `lstm_pack_panels` and A, C row-major (`a[i · lda + r]`, `c[i · ldc + j]`).
/// `tail_work` holds `lstm_packed_work_count(k)` floats. `panels` must be 64-byte aligned.
/// Sums run over r in order, one fused multiply-add at a time, so the result is the
/// same on every run and for both kernels. A kernel the processor lacks falls back to
/// a plain loop with the same sums (slowly) rather than trapping.
void lstm_packed_sgemm(lstm_packed_kernel kernel, long m, long n, long k, const float *a, long lda,
                       const float *panels, float *c, long ldc, int accumulate, float *tail_work);

#ifdef __cplusplus
}
#endif

#endif
