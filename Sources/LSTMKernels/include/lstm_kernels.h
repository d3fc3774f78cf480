// The element-wise half of an LSTM step with Keras' default activations (sigmoid
// gates, tanh cell), forward and backward, in C so that it can be compiled twice:
// once for baseline x86-64 (SSE2: 4 floats an instruction, no FMA) and once for
// AVX2 + FMA (8 floats an instruction, fused multiply-add), the better one chosen at
// run time. Swift compiles LSTMCore for baseline x86-64 only.
//
// Same formulas as LSTMCore's Backend/VectorMath.swift: exp by a Cephes-style range
// reduction and a degree-6 polynomial (sigmoid = 1 / (1 + e^-x)), tanh by a rational
// function x·P(x²)/Q(x²); relative error ≤ 1e-6 against libm, tanh exactly ±1 and
// sigmoid in [0, 1] however large the input, no Inf or NaN from finite inputs.
// The AVX2 + FMA variant rounds a multiply-add once instead of twice, so the two
// variants can differ in the last bits; each is deterministic.
//
// The matrix products are elsewhere: OpenBLAS through LSTMCore's Backend/BLAS.swift, and the
// recurrent step's products on packed U in packed_sgemm.h.
#ifndef LSTM_KERNELS_H
#define LSTM_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Which compilation of the kernels to run.
typedef enum {
    /// Baseline x86-64 (or whatever the target's baseline is): runs everywhere.
    LSTM_KERNELS_BASELINE = 0,
    /// AVX2 and FMA: only where the processor has both.
    LSTM_KERNELS_AVX2_FMA = 1,
} lstm_kernels_variant;

/// The best variant this processor runs (AVX2 + FMA when it has both).
lstm_kernels_variant lstm_kernels_best_variant(void);

/// Whether this processor can run `variant`.
int lstm_kernels_supports(lstm_kernels_variant variant);

/// One forward step for rows [row_begin, row_end) of the batch (H = units, G = 4H):
///
///     z = [gates] + x·W + b      (gates holds h₋₁·U when has_products, else nothing)
///     i = σ(z_i)  f = σ(z_f)  g = tanh(z_c)  o = σ(z_o)
///     c = f ⊙ c₋₁ + i ⊙ g        h = o ⊙ tanh(c)
///
/// All matrices are row-major with the batch row as the outer index; row r of
/// `gates` starts at r·G, row r of the [B, H] states at r·H.
typedef struct {
    /// [B, G]: the products on entry (when has_products), the activated i, f, g, o on exit.
    float *gates;
    int has_products;
    /// [G].
    const float *bias;
    /// x of this step [B, input_size] and W [input_size, G], folded into z; both NULL
    /// (input_size 0) when the input projection is already in `gates`.
    const float *input;
    const float *kernel;
    long input_size;
    /// [B, H] each. `cell` may alias `previous_cell` (each element is read before it is written).
    const float *previous_cell;
    float *cell;
    /// tanh(c), which backward needs.
    float *cell_activation;
    float *hidden;
    long row_begin;
    long row_end;
    long units;
} lstm_forward_step;

/// One backward step for rows [row_begin, row_end). With a = tanh(c) and the
/// derivatives taken from the stored outputs (σ' = y(1 - y), tanh' = 1 - y²):
///
///     dO = dh ⊙ a                 dc += dh ⊙ o ⊙ (1 - a²)
///     dI = dc ⊙ g   dG = dc ⊙ i   dF = dc ⊙ c₋₁   dc₋₁ = dc ⊙ f
///     dz = (dI ⊙ σ'(i), dF ⊙ σ'(f), dG ⊙ (1 - g²), dO ⊙ σ'(o))
typedef struct {
    /// [B, G]: this step's i, f, g, o on entry, dz on exit.
    float *gates;
    /// [B, H]: c₋₁ and tanh(c) of this step.
    const float *previous_cell;
    const float *cell_activation;
    /// [B, H]: the whole gradient reaching h (from above and from the next step).
    const float *d_hidden;
    /// [B, H]: the gradient reaching c from the next step on entry, dc₋₁ on exit.
    float *d_cell;
    /// [G]: += Σ_rows dz.
    float *d_bias;
    /// x of this step [B, input_size] and dW [input_size, G] += xᵀ·dz, for a small
    /// input folded into the gate pass; NULL (input_size 0) otherwise.
    const float *input;
    float *d_kernel;
    long input_size;
    long row_begin;
    long row_end;
    long units;
} lstm_backward_step;

void lstm_sigmoid_tanh_forward(lstm_kernels_variant variant, const lstm_forward_step *step);
void lstm_sigmoid_tanh_backward(lstm_kernels_variant variant, const lstm_backward_step *step);

/// y[k] = σ(x[k]) and y[k] = tanh(x[k]) for `count` values, by the formulas the steps
/// use (so tests can hold each variant's functions against libm).
void lstm_kernels_sigmoid(lstm_kernels_variant variant, const float *x, float *y, long count);
void lstm_kernels_tanh(lstm_kernels_variant variant, const float *x, float *y, long count);

#ifdef __cplusplus
}
#endif

#endif
