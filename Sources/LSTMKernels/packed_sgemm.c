// See packed_sgemm.h. Loop order: for each 16-column panel of B (k × 16 floats, kept in
// L1 while it is used), for each block of rows of A (read in place, from L2): one block
// of C from k rank-1 updates, held in registers. Reading A in place measured faster
// than packing it first (116 against 107 GFLOP/s for 128×1200 · 1200×300 on one core).
//
// Two kernels: AVX-512F keeps a 16 × 16 block in sixteen 512-bit registers; AVX2 + FMA
// keeps a 6 × 16 block in twelve 256-bit registers (of its sixteen).
#include "packed_sgemm.h"

#include <stddef.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { BLOCK = LSTM_PACKED_BLOCK, AVX2_ROWS = 6 };

static long round_up(long n) { return (n + BLOCK - 1) / BLOCK * BLOCK; }

int lstm_packed_supports(lstm_packed_kernel kernel) {
    if (kernel == LSTM_PACKED_PORTABLE) return 1;
#if defined(__x86_64__)
    if (kernel == LSTM_PACKED_AVX512) return __builtin_cpu_supports("avx512f");
    if (kernel == LSTM_PACKED_AVX2_FMA) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return 0;
}

long lstm_packed_panels_count(long k, long n) { return k * round_up(n); }

long lstm_packed_work_count(long k) { return BLOCK * k; }

void lstm_pack_panels(const float *b, long ldb, int transposed, long k, long n, float *panels) {
    for (long first = 0; first < n; first += BLOCK) {
        for (long r = 0; r < k; r++) {
            for (long j = 0; j < BLOCK; j++) {
                long column = first + j;
                float value = 0;
                if (column < n) value = transposed ? b[column * ldb + r] : b[r * ldb + column];
                *panels++ = value;
            }
        }
    }
}

#if defined(__x86_64__)
/// One 16 × 16 block of C from 16 rows of A (`a[i · lda + r]`) and one panel: k rank-1
/// updates, each a broadcast of A[i, r] times the panel's row r. Rows < `rows` and
/// columns < `columns` of the block are stored.
__attribute__((target("avx512f"), always_inline)) static inline void
block_avx512(long k, const float *a, long lda, const float *panel, float *c, long ldc,
             long rows, long columns, int accumulate) {
    __m512 sum[BLOCK];
    for (int i = 0; i < BLOCK; i++) sum[i] = _mm512_setzero_ps();
    for (long r = 0; r < k; r++) {
        __m512 b = _mm512_load_ps(panel + r * BLOCK);
        for (int i = 0; i < BLOCK; i++) sum[i] = _mm512_fmadd_ps(_mm512_set1_ps(a[i * lda + r]), b, sum[i]);
    }
    __mmask16 mask = columns >= BLOCK ? (__mmask16)0xFFFF : (__mmask16)((1u << columns) - 1);
    for (long i = 0; i < rows; i++) {
        float *row = c + i * ldc;
        __m512 value = sum[i];
        if (accumulate) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, row));
        _mm512_mask_storeu_ps(row, mask, value);
    }
}

/// One 6 × 16 block of C, as `block_avx512` does it, each row of the block in two
/// 256-bit halves.
__attribute__((target("avx2,fma"), always_inline)) static inline void
block_avx2(long k, const float *a, long lda, const float *panel, float *c, long ldc,
           long rows, long columns, int accumulate) {
    __m256 sum[AVX2_ROWS][2];
    for (int i = 0; i < AVX2_ROWS; i++) sum[i][0] = sum[i][1] = _mm256_setzero_ps();
    for (long r = 0; r < k; r++) {
        __m256 low = _mm256_load_ps(panel + r * BLOCK), high = _mm256_load_ps(panel + r * BLOCK + 8);
        for (int i = 0; i < AVX2_ROWS; i++) {
            __m256 value = _mm256_broadcast_ss(a + i * lda + r);
            sum[i][0] = _mm256_fmadd_ps(value, low, sum[i][0]);
            sum[i][1] = _mm256_fmadd_ps(value, high, sum[i][1]);
        }
    }
    // Lane j of half h is stored when 8h + j < columns.
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i mask[2] = {_mm256_cmpgt_epi32(_mm256_set1_epi32((int)columns), lanes),
                       _mm256_cmpgt_epi32(_mm256_set1_epi32((int)columns - 8), lanes)};
    for (long i = 0; i < rows; i++) {
        for (int half = 0; half < 2; half++) {
            float *row = c + i * ldc + 8 * half;
            __m256 value = sum[i][half];
            if (accumulate) value = _mm256_add_ps(value, _mm256_maskload_ps(row, mask[half]));
            _mm256_maskstore_ps(row, mask[half], value);
        }
    }
}

/// Panels outer, blocks of `block_rows` rows inner: a panel (k × 16 floats) stays in L1
/// while every block of rows passes it. The last block, if short, is read from `tail`.
#define SGEMM_PANELS(name, target_features, block, block_rows)                                        \
    __attribute__((target(target_features))) static void                                              \
    name(long m, long n, long k, const float *a, long lda, const float *panels, float *c, long ldc,   \
         int accumulate, const float *tail) {                                                         \
        long full = m / (block_rows) * (block_rows);                                                  \
        for (long column = 0; column < n; column += BLOCK) {                                          \
            const float *panel = panels + column * k;                                                 \
            long columns = n - column < BLOCK ? n - column : BLOCK;                                   \
            for (long row = 0; row < full; row += (block_rows))                                       \
                block(k, a + row * lda, lda, panel, c + row * ldc + column, ldc, (block_rows), columns, accumulate); \
            if (full < m) block(k, tail, k, panel, c + full * ldc + column, ldc, m - full, columns, accumulate); \
        }                                                                                             \
    }

SGEMM_PANELS(sgemm_avx512, "avx512f", block_avx512, BLOCK)
SGEMM_PANELS(sgemm_avx2, "avx2,fma", block_avx2, AVX2_ROWS)
#endif

/// The same sums as the kernels (one multiply-add per step, r in order), one element at
/// a time: LSTM_PACKED_PORTABLE, and any kernel the processor lacks.
static void sgemm_portable(long m, long n, long k, const float *a, long lda, const float *panels, float *c,
                           long ldc, int accumulate) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            const float *panel = panels + (j / BLOCK) * BLOCK * k + j % BLOCK;
            float sum = 0;
            for (long r = 0; r < k; r++) sum = __builtin_fmaf(a[i * lda + r], panel[r * BLOCK], sum);
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
        }
    }
}

/// The last m mod `block_rows` rows of A, zero padded to a full block, so that a kernel
/// never reads past A.
static void copy_tail(long m, long k, const float *a, long lda, long block_rows, float *tail) {
    long full = m / block_rows * block_rows;
    if (full == m) return;
    for (long i = 0; i < block_rows; i++)
        for (long r = 0; r < k; r++) tail[i * k + r] = full + i < m ? a[(full + i) * lda + r] : 0;
}

void lstm_packed_sgemm(lstm_packed_kernel kernel, long m, long n, long k, const float *a, long lda,
                       const float *panels, float *c, long ldc, int accumulate, float *tail_work) {
    if (m <= 0 || n <= 0) return;
#if defined(__x86_64__)
    if (kernel == LSTM_PACKED_AVX512 && lstm_packed_supports(kernel)) {
        copy_tail(m, k, a, lda, BLOCK, tail_work);
        sgemm_avx512(m, n, k, a, lda, panels, c, ldc, accumulate, tail_work);
        return;
    }
    if (kernel == LSTM_PACKED_AVX2_FMA && lstm_packed_supports(kernel)) {
        copy_tail(m, k, a, lda, AVX2_ROWS, tail_work);
        sgemm_avx2(m, n, k, a, lda, panels, c, ldc, accumulate, tail_work);
        return;
    }
#endif
    sgemm_portable(m, n, k, a, lda, panels, c, ldc, accumulate);
}
